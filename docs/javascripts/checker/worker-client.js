// The page's side of the worker (javascripts/checker-worker.js), where checker.web runs in
// Pyodide. Requests go out numbered; only the answer to the newest one is to be drawn.
//
// `boot`: the worker start-checker.js started, and what it said so far (takeHeld()).
// `handlers`: ready(message), progress(message), failed(reason), called as the worker says so.

import { TEXT } from "./texts.js";

export class WorkerClient {
  constructor(boot, handlers) {
    this.handlers = handlers;
    this.sequence = 0;
    this.pending = new Map();
    this.worker = boot.worker;
    const failed = (event) => handlers.failed(event.message || TEXT.workerFailed);
    const received = (event) => this.receive(event.data || {});
    this.worker.addEventListener("error", failed);
    this.worker.addEventListener("message", received);
    // Listening now; what came before (in this same task nothing new can) is handled first.
    for (const event of boot.takeHeld()) (event.type === "error" ? failed : received)(event);
  }

  receive(message) {
    if (message.type === "ready") {
      this.handlers.ready(message);
    } else if (message.type === "progress") {
      this.handlers.progress(message);
    } else if (message.type === "failed") {
      this.handlers.failed(message.message);
    } else if (message.type === "response") {
      const done = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (done) done(message);
    }
  }

  // checker.web.handle's answer to one request: {id, text} or {id, error}.
  ask(request) {
    const id = ++this.sequence;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ type: "handle", id, request: JSON.stringify(request) });
    }).then((message) => ({ id, ...message }));
  }

  // Whether no request was sent (or passed over) after this one.
  isNewest(id) {
    return id === this.sequence;
  }

  // A screen drawn without asking (Python gave it along with the one before): the answers
  // to requests sent before it are not to be drawn over it.
  passOver() {
    this.sequence += 1;
  }
}
