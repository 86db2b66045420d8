import Fastify from 'fastify';
import fs from 'node:fs';

const server = Fastify();

server.get('/health', (_request, reply) => {
  reply.send({ build: fs.readFileSync('build-info.json', 'utf8') }); // expect: blocking-call
});

// One metadata system call (a stat): microseconds, not worth an await.
server.get('/size', (_request, reply) => {
  reply.send({ size: fs.statSync('data.db').size });
});

export default server;
