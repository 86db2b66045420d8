import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('jobs')
class Job {
  @PrimaryGeneratedColumn() id!: number;
  @Column() queue!: string;
  @Column() settled!: boolean;
}

const dataSource = new DataSource({ type: 'postgres', entities: [Job] });
const jobs = dataSource.getRepository(Job);

// the first read's rows are never used: reported there, to be dropped, not started together
export async function removeSettled(queue: string) {
  const settled = await jobs.findBy({ queue, settled: true }); // expect: sequential-await
  const count = await jobs.countBy({ queue, settled: true });
  await jobs.delete({ queue, settled: true });
  return count;
}

// an unused read between two used ones: dropped there, and the two others started together
export async function queueStats(queue: string) {
  const pending = await jobs.countBy({ queue, settled: false });
  const all = await jobs.findBy({ queue }); // expect: sequential-await
  const done = await jobs.countBy({ queue, settled: true }); // expect: sequential-await
  return { pending, done };
}

// both results used: one finding, at the second read
export async function queueSummary(queue: string) {
  const pending = await jobs.countBy({ queue, settled: false });
  const done = await jobs.countBy({ queue, settled: true }); // expect: sequential-await
  return { pending, done };
}
