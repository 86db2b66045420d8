import { prisma } from './db';

// A JavaScript module: one count per region.
export async function countByRegion(regions) {
  const counts = {};
  for (const region of regions) {
    counts[region] = await prisma.customer.count({ where: { region } }); // expect: n-plus-one
  }
  return counts;
}
