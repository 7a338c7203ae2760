// The ceiling: a bare node:http server answering fixed JSON, run as its own process.
import http from 'node:http';

const body = JSON.stringify({ valid: true, code: 'VALID', token: { id: 'tok_0123456789', label: 'bench' } });
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => console.log('ready'));
