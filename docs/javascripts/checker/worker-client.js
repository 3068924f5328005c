// The page's side of the worker (javascripts/checker-worker.js), where checker.web runs in
// Pyodide. Requests go out numbered; only the answer to the newest one is to be drawn.
//
// `handlers`: ready(message), progress(message), failed(reason), called as the worker says so.

import { TEXT } from "./texts.js";

export class WorkerClient {
  // Throws when the browser cannot start the worker at all.
  constructor(handlers) {
    this.handlers = handlers;
    this.sequence = 0;
    this.pending = new Map();
    this.worker = new Worker(new URL("../checker-worker.js", import.meta.url), { type: "module" });
    this.worker.addEventListener("error", (event) => handlers.failed(event.message || TEXT.workerFailed));
    this.worker.addEventListener("message", (event) => this.receive(event.data || {}));
  }

  // Where the checker's assets and Pyodide are (absolute URLs): the worker starts loading.
  init(assets, pyodide) {
    this.worker.postMessage({ type: "init", assets, pyodide });
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

  // Whether no request was sent after this one.
  isNewest(id) {
    return id === this.sequence;
  }
}
