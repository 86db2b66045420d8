import mysql, { type RowDataPacket } from 'mysql2/promise';

interface TicketRow extends RowDataPacket {
  id: number;
  requester_id: number;
  subject: string;
}

const pool = mysql.createPool({ uri: process.env.MYSQL_URL });

// pool.execute per ticket's requester: flagged
export async function requestersForTickets(tickets: TicketRow[]): Promise<RowDataPacket[][]> {
  const requesters: RowDataPacket[][] = [];
  for (const ticket of tickets) {
    const [rows] = await pool.execute<RowDataPacket[]>('SELECT id, email FROM users WHERE id = ?', [ticket.requester_id]); // expect: n-plus-one
    requesters.push(rows);
  }
  return requesters;
}

// query on a pooled connection per ticket id inside Promise.all(map(async)): flagged
export async function closeTickets(ticketIds: number[]): Promise<void> {
  const connection = await pool.getConnection();
  try {
    await Promise.all(
      ticketIds.map(async (ticketId) => {
        await connection.query("UPDATE tickets SET status = 'closed' WHERE id = ?", [ticketId]); // expect: n-plus-one
      }),
    );
  } finally {
    connection.release();
  }
}

// one IN (?) query, then grouping per ticket in memory: silent
export async function commentsByTicket(ticketIds: number[]): Promise<Map<number, RowDataPacket[]>> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT ticket_id, body FROM comments WHERE ticket_id IN (?)', [ticketIds]);
  const grouped = new Map<number, RowDataPacket[]>();
  for (const row of rows) {
    const ticketId = Number(row.ticket_id);
    grouped.set(ticketId, [...(grouped.get(ticketId) ?? []), row]);
  }
  return grouped;
}

// returns the first agent with capacity: silent
export async function firstAvailableAgent(agentIds: number[]): Promise<number | undefined> {
  for (const agentId of agentIds) {
    const [rows] = await pool.execute<RowDataPacket[]>('SELECT count(*) AS open FROM tickets WHERE assignee_id = ? AND status = ?', [agentId, 'open']);
    if (Number(rows[0]?.open) < 10) return agentId;
  }
  return undefined;
}

// offset pagination with LIMIT/OFFSET until a short page: silent
export async function allSubjects(): Promise<string[]> {
  const subjects: string[] = [];
  const limit = 500;
  let offset = 0;
  let page: TicketRow[];
  do {
    [page] = await pool.query<TicketRow[]>('SELECT id, requester_id, subject FROM tickets ORDER BY id LIMIT ? OFFSET ?', [limit, offset]);
    subjects.push(...page.map((ticket) => ticket.subject));
    offset += limit;
  } while (page.length === limit);
  return subjects;
}
