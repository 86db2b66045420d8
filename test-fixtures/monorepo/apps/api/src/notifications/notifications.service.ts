import { Queue } from 'bullmq';
import { Injectable } from '@/nest';

@Injectable()
export class NotificationsService {
  private readonly emails = new Queue('emails', { connection: { host: 'localhost', port: 6379 } });

  // One job added per user: one Redis round trip each.
  async welcomeEach(userIds: string[]) {
    for (const userId of userIds) {
      await this.emails.add('welcome', { userId }); // expect: n-plus-one
    }
  }

  // The batched form: one round trip for every job.
  async welcomeAll(userIds: string[]) {
    await this.emails.addBulk(userIds.map((userId) => ({ name: 'welcome', data: { userId } })));
  }
}
