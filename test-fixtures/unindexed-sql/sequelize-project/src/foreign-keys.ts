import express from 'express';
import { Team } from './models/Team';
import { User } from './models/User';
import { Token } from './models/Token';

// users.teamId references teams, and only the unique (name, teamId) has it, second: each deleted
// team scans users. documents.teamId leads an index.
export async function removeTeam(id: string) {
  return Team.destroy({ where: { id } }); // expect: unindexed-sql
}

// User is paranoid: destroy sets deletedAt, no row is deleted.
export async function retireUser(id: string) {
  return User.destroy({ where: { id } });
}

// Forced, the rows go: api_keys.userId is looked up without an index (documents.createdById's
// foreign key was removed).
export async function purgeUser(id: string) {
  return User.destroy({ where: { id }, force: true }); // expect: unindexed-sql
}

// Token's base class is not read, so whether destroy deletes rows is not known: nothing reported.
export async function revokeToken(id: string) {
  return Token.destroy({ where: { id } });
}

// Forced, it does: token_uses.tokenId has no index.
export async function purgeToken(id: string) {
  return Token.destroy({ where: { id }, force: true }); // expect: unindexed-sql
}

// Deletes are frequent where a request makes them.
export const router = express.Router();
router.delete('/teams/:id', async (req, res) => {
  await removeTeam(req.params.id);
  await retireUser(req.params.id);
  await purgeUser(req.params.id);
  await revokeToken(req.params.id);
  await purgeToken(req.params.id);
  res.sendStatus(204);
});
