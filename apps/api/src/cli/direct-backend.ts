import type { Container } from '../container';
import type { Backend, CliAnswer, CliCitation } from './backend';

/**
 * The CLI on the data folder itself, for when no server runs. Opening the embedded database takes
 * the folder's lock, so this fails with the holder's name while a server has it open (issue #17).
 */
export function createDirectBackend(container: Container, tenantId = 'default'): Backend {
  const { collections, documents, queue } = container;
  let workerStarted = false;
  return {
    where: `the data folder ${container.config.DATA_DIR}`,
    async findCollection(ref) {
      const found = (await collections.find(tenantId, ref)) ?? (await collections.findByName(tenantId, ref));
      return found ? { id: found.id, name: found.name } : null;
    },
    async createCollection(name) {
      const created = await collections.create({ tenantId, name });
      return { id: created.id, name: created.name };
    },
    async upload(collectionId, file) {
      // Nobody else will run the ingestion jobs this process queues.
      if (!workerStarted) {
        await queue.startWorker(container.jobHandlers);
        workerStarted = true;
      }
      await collections.writable(tenantId, collectionId);
      const outcome = await documents.upload({
        tenantId,
        collectionId,
        bytes: file.bytes,
        filename: file.filename,
        ...(file.password !== undefined ? { password: file.password } : {}),
      });
      return { documentId: outcome.document.id, duplicate: outcome.duplicate, job: outcome.job };
    },
    job: (id) => queue.get(id),
    async ask(collectionId, question): Promise<CliAnswer> {
      for await (const event of container.chat.answer({ tenantId, collectionId, message: question })) {
        if (event.type === 'answer-end') {
          return { answer: event.answer, citations: event.citations as CliCitation[] };
        }
      }
      return { answer: '', citations: [] };
    },
    close: () => container.close(),
  };
}
