import { Panel } from './Panel';

export function CreditHeatmaps() {
  return (
    <Panel id="CreditHeatmaps" title="CreditHeatmaps">
      <p>coming</p>
    </Panel>
  );
}
