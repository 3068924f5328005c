// The answers live in the URL fragment ("#jaar=2024&type=kraamzorg&…"), so a link or the
// back button brings a provider to the same step. Only checker.web decides what a fragment
// should be; this reads it and tells answers from a heading's anchor.

// A fragment is answers unless it is empty or names an element (a heading's anchor).
export function isAnswers(hash) {
  const raw = hash.replace(/^#/, "");
  if (!raw) return false;
  try {
    if (document.getElementById(decodeURIComponent(raw))) return false;
  } catch {
    // not decodable: certainly no element id; treat as (broken) answers
  }
  return true;
}

// The answers of the page: from the URL, or (while a heading anchor is in the URL) those
// of the step on screen (`current`, the last response drawn). The year is a number when it
// looks like one; checker.web judges any other value.
export function readAnswers(defaultYear, current) {
  const answers = Object.create(null); // a key like "__proto__" stays a plain key
  let year = defaultYear;
  let hash = location.hash;
  if (hash && !isAnswers(hash)) hash = (current && current.fragment) || "";
  for (const [key, value] of new URLSearchParams(hash.replace(/^#/, ""))) {
    if (key === "jaar") year = /^\d{1,6}$/.test(value) ? Number(value) : value;
    else answers[key] = value;
  }
  return { year, answers };
}

// The checker page without answers: where "Opnieuw beginnen" leads.
export function restartUrl() {
  return location.pathname + location.search;
}

// The fragment of the first answer, given before Python is ready.
export function firstAnswerFragment(year, question, value) {
  return `#${new URLSearchParams([["jaar", String(year)], [question, value]])}`;
}
