import { Processor as BullProcessor, Process } from '@nestjs/bull';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import type { Job as BullJob } from 'bull';
import { Pool } from 'pg';

// NestJS BullMQ: the container calls `process` once per job of the queue.
@Processor('mail')
export class MailConsumer extends WorkerHost {
  async process(job: Job<{ to: string }>): Promise<void> {
    const pool = new Pool(); // expect: connection-per-call
    await pool.query('insert into sent_mail (recipient) values ($1)', [job.data.to]);
    await pool.end();
  }

  // Not called per job: no finding.
  async describe(): Promise<void> {
    const pool = new Pool();
    await pool.end();
  }
}

// NestJS Bull: the method carrying `@Process` runs per job.
@BullProcessor('audio')
export class AudioConsumer {
  @Process('transcode')
  async transcode(job: BullJob<{ file: string }>): Promise<void> {
    const pool = new Pool(); // expect: connection-per-call
    await pool.query('update audio set done = true where file = $1', [job.data.file]);
    await pool.end();
  }
}

// A class named like a processor, without the decorator: not an entry.
export class ReportBuilder {
  async process(): Promise<void> {
    const pool = new Pool();
    await pool.end();
  }
}
