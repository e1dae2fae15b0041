/**
 * The seam between chat and file transfer (D3). A file is announced in the conversation as a
 * chat message of kind 'file' carrying a FileOffer; the bytes go separately (the files feature's
 * data channel, keyed by `transferId`).
 *
 * On the wire the offer is a message/cpim MESSAGE (see wire.ts) with `OH.Kind: file` and the
 * inner part
 *
 *   Content-Type: application/vnd.offhook.file-offer+json
 *
 *   {"transferId":"…","name":"report.pdf","size":12345,"mime":"application/pdf","sha256":"<64 hex>"}
 *
 * in 1:1 chats and in groups alike (a group offer carries the group headers and goes to every
 * member). The receiver validates it (wire.ts decodeFile: lengths, integer size, 64-hex sha256)
 * and the chat emits 'file-offer' { message, conversation }; useChatStore().onFileOffer(listener)
 * passes it on. To offer a file: useChatStore().sendFileOffer(conversationId, offer).
 */
import type { FileInfo } from './types';

export type FileOffer = FileInfo;

export { FILE_OFFER_TYPE } from './wire';

/** Largest file D3 promises to move. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
