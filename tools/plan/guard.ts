/**
 * The last line of defence: nothing the plan prints or writes may contain a secret. The plan never
 * holds a secret value (`secure:` config is never decrypted; it becomes a placeholder that the mock
 * runner records as `[secret]`), so the placeholder itself showing up means a secret's path leaked.
 */
import { SECRET_PLACEHOLDER } from "./stackFile";

export class SecretLeakError extends Error {}

export function assertNoSecrets(text: string, where: string): string {
  if (text.includes(SECRET_PLACEHOLDER)) {
    throw new SecretLeakError(`refusing to output ${where}: it contains a secret config value (shown as [secret] elsewhere); please report this`);
  }
  return text;
}
