// Parse GIFT from stdin with gift-pegjs (an independent GIFT grammar) and print JSON.
// Used by tests/test_export_gift_pegjs.py; exits 2 with the parser's message on a syntax error.
"use strict";
const { parse } = require("gift-pegjs");

let source = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { source += chunk; });
process.stdin.on("end", () => {
  try {
    process.stdout.write(JSON.stringify(parse(source)));
  } catch (error) {
    const where = error.location ? ` at line ${error.location.start.line}` : "";
    process.stderr.write(`${error.message}${where}\n`);
    process.exit(2);
  }
});
