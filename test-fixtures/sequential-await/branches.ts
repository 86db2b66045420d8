import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('folders')
class Folder {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'timestamp', nullable: true }) deletedAt!: Date | null;
}

@Entity('notes')
class Note {
  @PrimaryGeneratedColumn() id!: number;
  @Column() folderId!: number;
  @Column({ type: 'timestamp', nullable: true }) archivedAt!: Date | null;
  folder?: Folder;
}

const dataSource = new DataSource({ type: 'postgres', entities: [Folder, Note] });
const folders = dataSource.getRepository(Folder);
const notes = dataSource.getRepository(Note);

/** Looks the folder up only for archived notes whose folder is not loaded: most calls do no I/O. */
async function presentNote(note: Note) {
  let folderDeleted = false;
  if (note.archivedAt) {
    const folder = note.folder ?? (await folders.findOneBy({ id: note.folderId }));
    folderDeleted = folder?.deletedAt != null;
  }
  return { id: note.id, archived: note.archivedAt !== null, folderDeleted };
}

/** Reads on every path that gets past the check. */
async function loadFolder(id: number) {
  if (id <= 0) return null;
  return folders.findOneBy({ id });
}

// the first helper reads only in a branch (an archived note): silent
export async function publishNote(note: Note) {
  const presented = await presentNote(note);
  const siblings = await notes.findBy({ folderId: note.folderId });
  return { presented, siblings };
}

// the first helper reads on every path past its check: flagged
export async function folderPage(folderId: number) {
  const folder = await loadFolder(folderId);
  const recent = await notes.find({ where: { folderId }, take: 20 }); // expect: sequential-await
  return { folder, recent };
}
