// A bare node:http server answering fixed JSON, run as its own process. `bare.ts <port> batched`
// writes its answers at the end of the event loop's turn, as tokenops writes verification
// answers (src/http/turnWrites.ts): the ceiling warm verification is judged against. Without
// `batched`, each answer is written at once: given beside it for information, and the host's
// floor in the cold rows.
import http from 'node:http';

const body = JSON.stringify({ valid: true, code: 'VALID', token: { id: 'tok_0123456789', label: 'bench' } });
let batch: http.ServerResponse[] = [];
const endAll = () => {
  const ending = batch;
  batch = [];
  for (const res of ending) res.end(body);
};
const end =
  process.argv[3] === 'batched'
    ? (res: http.ServerResponse) => batch.push(res) === 1 && setImmediate(endAll)
    : (res: http.ServerResponse) => res.end(body);
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    end(res);
  });
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => console.log('ready'));
