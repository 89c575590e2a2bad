import { Panel } from './Panel';

export function EigenAnnulus() {
  return (
    <Panel id="EigenAnnulus" title="EigenAnnulus">
      <p>coming</p>
    </Panel>
  );
}
