// Every Dutch text the checker page writes itself. The words of questions, answers and
// verdicts come from Python (checker.web, checker/words.py); these are the page's own: the
// loading and failure texts, page titles, notices and the fixed parts of each screen.
// A text with a link in it is split around the link.

export const TEXT = Object.freeze({
  // Loading, slow loading, failure.
  loading: "De checker wordt geladen. U kunt alvast de eerste vraag beantwoorden.",
  slow: ["Het laden duurt langer dan normaal. Even geduld, of bekijk de ", "beslisbomen per soort zorgaanbieder", "."],
  answersLoading: "Uw antwoorden worden geladen…",
  bytesLoaded: (loaded, total) => `${loaded} van ${total} MB geladen.`,
  failedStatus: "De checker kon niet worden geladen.",
  failedTitle: "De checker werkt nu niet",
  failedText: "De checker kon niet worden geladen in uw browser. Probeer het later opnieuw of gebruik een recente versie van uw browser.",
  failedWayOut: ["Dezelfde vragen en uitkomsten staan in de ", "Beslisbomen per soort zorgaanbieder", ". Alle voorwaarden staan op ",
    "Voorwaarden per soort zorgaanbieder", "."],
  // Why the checker failed, for the console.
  tooSlow: "het laden duurde te lang",
  workerFailed: "de worker kon niet starten",
  drawFailed: (reason) => `tekenen mislukt: ${reason}`,

  // An answer given before Python is ready.
  emptyChoice: "Kies een van de antwoorden.",
  saved: "Uw antwoord is bewaard.",
  stillLoading: " De checker wordt nog geladen. ",
  noWait: ["Niet wachten? Lees de ", " als tekst."],
  treeFor: (label) => `beslisboom voor ${label}`,
  anyProvider: "uw soort zorgaanbieder",

  // Page titles: "<screen> – <page title>".
  titles: Object.freeze({
    failed: "Fout: de checker werkt niet",
    result: "Uitslag",
    review: "Controleer uw antwoorden",
    error: "Fout: ",
    firstQuestion: "Eerste vraag",
    question: (step, total) => `Stap ${step} van ${total}`,
  }),
  titled: (screen, pageTitle) => `${screen} – ${pageTitle}`,

  // A link whose answers could not all be used.
  noticeTitle: "Niet alles uit deze link kon worden gebruikt.",
  notRecognised: (list) => `Deze onderdelen van de link zijn niet herkend en niet gebruikt: ${list}.`,
  noticeWayOut: ["Beantwoord de vraag hieronder, of ", "begin opnieuw", "."],

  // One question: the twin of macros/checker_html.py.
  optionalSuffix: " (mag leeg blijven)",
  errorSummaryTitle: "Er is een probleem",
  moreAbout: "Meer hierover",
  notePrefix: "Let op:",
  fromPolicy: "Uit het beleid: ",
  readInPolicy: "Lees dit in het beleid",
  back: "Terug",
  next: "Volgende",

  // The review and the result.
  change: "Wijzig",
  changeAnswerTo: (question) => ` uw antwoord op: ${question}`,
  reviewTitle: "Controleer uw antwoorden",
  reviewIntro: "Klopt alles? Met ‘Wijzig’ past u een antwoord aan; uw andere antwoorden blijven bewaard.",
  showResult: "Bekijk de uitslag",
  resultFor: (provider, year) => `Uitslag voor ${provider} · beleidsjaar ${year}`,
  printed: (date, href) => `Uitslag van de checker, ${date}. Open deze uitslag opnieuw via: ${href}`,
  parts: Object.freeze({
    unmet: ["Hier voldoet u nu niet aan"],
    contact: ["Waarom u contact opneemt met a.s.r."],
    expectation: ["Wat a.s.r. daarnaast van u verwacht", "Hier voldoet u nog niet aan. Een contract hangt er niet van af."],
    conditional: ["Wat a.s.r. van u verwacht door uw antwoorden"],
    asr: ["Wat a.s.r. zelf beoordeelt", "Dit beoordeelt a.s.r. zelf; de checker vraagt er niet naar."],
    arrangement: ["Afspraken bovenop uw contract", "Dit verandert de uitslag niet. Voor deze afspraken neemt u contact op met a.s.r."],
    message: ["Goed om te weten"],
  }),
  nextSteps: "Wat u nu doet",
  then: "Daarna:",
  keyDates: "Belangrijke data",
  who: (who) => `Wie: ${who}`,
  mailText: "Bekijk de tekst van de e-mail",
  folded: (heading, count) => `${heading} (${count})`,
  sources: "Bronnen in het beleid",
  yourAnswers: "Uw antwoorden",
  restart: "Opnieuw beginnen",
  print: "Afdrukken",
  contactFor: "Neem hiervoor contact op met:",
  mailTo: (who) => `E-mail ${who}`,
  draftMail: (to) => `E-mail opstellen aan ${to}`,
  mailHeaders: ["Aan: ", "Onderwerp: "],
  startAs: (type) => `Start de checker als ${type}`,
  stepFor: (who) => `Voor: ${who}`,
  sourcePrefix: "Bron: ",
});
