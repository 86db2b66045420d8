import { Queue } from 'bullmq';

const queue = new Queue('mail');

export async function load(id: string) {
  await queue.add('send', { id }); // io: BullMQ write
  await queue.getJob(id); // io: BullMQ read
}
