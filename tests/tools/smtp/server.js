// Usage: node server.js PORT OUTDIR USER PASSWORD [raw]
// A real SMTP server on 127.0.0.1 for tests: STARTTLS with smtp-server's built-in test certificate,
// AUTH PLAIN/LOGIN against one user, and every accepted message parsed and written to OUTDIR as JSON.
// With "raw" (the dispatch benchmark) each message is queued to OUTDIR as it came, as a relay's front does,
// so that parsing PDFs in this one Node thread is not what the benchmark measures.
const { SMTPServer } = require("smtp-server");
const { simpleParser } = require("mailparser");
const fs = require("fs");
const path = require("path");

const [port, outdir, user, password, mode] = process.argv.slice(2);
let count = 0;
const server = new SMTPServer({
  authMethods: ["PLAIN", "LOGIN"],
  onAuth(auth, session, callback) {
    if (auth.username === user && auth.password === password) return callback(null, { user });
    return callback(new Error("Invalid username or password"));
  },
  onRcptTo(address, session, callback) {
    if (address.address.startsWith("nobody@")) {
      const err = new Error("Mailbox unavailable");
      err.responseCode = 550;
      return callback(err);
    }
    callback();
  },
  onData(stream, session, callback) {
    if (mode === "raw") {
      count += 1;
      const file = fs.createWriteStream(path.join(outdir, `${String(count).padStart(4, "0")}.eml`));
      stream.pipe(file);
      file.on("finish", () => callback());
      file.on("error", callback);
      return;
    }
    simpleParser(stream, {}, (err, mail) => {
      if (err) return callback(err);
      count += 1;
      const record = {
        session: session.id,
        secure: session.secure,
        user: session.user,
        from: mail.from && mail.from.text,
        to: mail.to && mail.to.text,
        subject: mail.subject,
        messageId: mail.messageId,
        text: mail.text,
        html: mail.html,
        headers: Object.fromEntries([...mail.headers].map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])),
        attachments: (mail.attachments || []).map(a => ({ filename: a.filename, contentType: a.contentType, size: a.size })),
      };
      fs.writeFileSync(path.join(outdir, `${String(count).padStart(4, "0")}.json`), JSON.stringify(record, null, 2));
      callback();
    });
  },
});
server.listen(Number(port), "127.0.0.1", () => console.log("listening"));
