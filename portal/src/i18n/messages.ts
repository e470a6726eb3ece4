/** A namespace's texts: German first, English with exactly the same keys (checked by a test). */
export interface Messages {
  de: MessageTree;
  en: MessageTree;
}
export interface MessageTree {
  [key: string]: string | MessageTree;
}

export function defineMessages<const T extends Messages>(messages: T): T {
  return messages;
}
