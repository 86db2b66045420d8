import Fastify from 'fastify';
import fs from 'node:fs';

const server = Fastify();

server.get('/health', (_request, reply) => {
  reply.send({ size: fs.statSync('data.db').size }); // expect: blocking-call
});

export default server;
