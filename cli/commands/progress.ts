/**
 * Progress for batches, on stderr only (stdout with --json holds nothing but reports). On a
 * terminal one line is redrawn; otherwise one line per finished file.
 */
export interface Progress {
  start(index: number, file: string): void;
  update(stage: string, fraction: number): void;
  done(file: string, summary: string): void;
  clear(): void;
}

export function createProgress(total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = stream.isTTY === true;
  let prefix = '';
  let drawn = false;
  const draw = (text: string): void => {
    if (!tty) return;
    stream.write(`\r\x1b[2K${text.slice(0, (stream.columns ?? 100) - 1)}`);
    drawn = true;
  };
  const clear = (): void => {
    if (drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  return {
    start(index, file) {
      prefix = `[${index + 1}/${total}] ${file}`;
      draw(`${prefix}: starting`);
    },
    update(stage, fraction) {
      draw(`${prefix}: ${stage} ${Math.round(Math.max(0, Math.min(1, fraction)) * 100)}%`);
    },
    done(file, summary) {
      clear();
      stream.write(`${prefix || file}: ${summary}\n`);
    },
    clear,
  };
}
