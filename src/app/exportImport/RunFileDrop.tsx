/**
 * Drop a run file anywhere on the page to open it. While files are dragged over the page a full-page
 * hint says what dropping does; other drags (text, links) are left to the browser.
 */
import { useEffect, useState } from 'react';
import { notify } from '../../state/store';
import { openRunFile } from './runFileActions';
import './exportImport.css';

const carriesFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;

export function RunFileDrop() {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    // dragenter / dragleave fire for every child crossed; a counter tells when the pointer left the page.
    let depth = 0;
    const onEnter = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth += 1;
      setDragging(true);
    };
    const onLeave = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onOver = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault(); // allows the drop
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault(); // the browser would otherwise navigate to the file
      depth = 0;
      setDragging(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (files.length === 0) return;
      if (files.length > 1)
        notify(
          'info',
          `${files.length} files dropped: opening the first, “${files[0].name}”.`,
          'import-many',
        );
      void openRunFile(files[0]);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);
  if (!dragging) return null;
  return (
    <div className="drop-hint" aria-hidden="true">
      <p>Drop a run file (.json) to inspect its network and batch in every panel</p>
    </div>
  );
}
