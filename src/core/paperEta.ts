/**
 * The paper's frozen activity step size η_h per cell (`etaH=paper`): η_h = 1/λ_max of the activity
 * Hessian, the median over the paper's seeds 0–2, batch 64, for the residual μPC network. Source: the
 * official pipeline's `configs/eta_best_by_cell.csv` (column `eta_best_1_over_lambda_median`), kept
 * whole in data/paper-eta-by-cell.csv; test/paperEta.test.ts checks every value here against it.
 * Pure: imports nothing, so the explorer, the training plan, the CLI and the grid can all use it.
 */

export type PaperDataset = 'fashion' | 'mnist';
export type PaperActivation = 'identity' | 'tanh' | 'relu';

/** The grid's widths and depths (both axes the same). */
export const PAPER_SIZES = [8, 16, 32, 64, 128] as const;

/** η_h[dataset][activation][index of N][index of L], the paper's names (identity is `linear`). */
export const PAPER_ETA_TABLE: Record<
  'fashion_mnist' | 'mnist',
  Record<'linear' | 'tanh' | 'relu', readonly (readonly number[])[]>
> = {
  fashion_mnist: {
    linear: [
      [0.19710231417935553, 0.20987548371043113, 0.2261605731630369, 0.2349862006928938, 0.24365357103431512],
      [
        0.19913706354427832, 0.21547890630132607, 0.22837996968095273, 0.23837594383659283,
        0.24446306262338502,
      ],
      [
        0.19662880805687044, 0.2146454605361915, 0.22886851069198214, 0.23831278434196979,
        0.24467297693061144,
      ],
      [
        0.19671962434156515, 0.21522266935076373, 0.22910849336336936, 0.23867656277180757,
        0.24470595409388846,
      ],
      [
        0.19864832114892841, 0.21580639252281167, 0.22950498032781813, 0.23878628577380992,
        0.24466590300647592,
      ],
    ],
    tanh: [
      [
        0.20889189641471417, 0.21772494938687667, 0.23255257626861955, 0.24101216754776583,
        0.24779104297779064,
      ],
      [0.2108078836061278, 0.22494911889761146, 0.2360025157177423, 0.2439865296611308, 0.24847682335034857],
      [
        0.21196138507159054, 0.22709747956733925, 0.2376667521270067, 0.24425777910694432,
        0.24816421726021512,
      ],
      [
        0.21182241929200565, 0.22702236539796186, 0.2377418169082856, 0.24472151842752893,
        0.24840290757396022,
      ],
      [
        0.21367956242901345, 0.22754503325334327, 0.23797449939888418, 0.24472096736848775,
        0.24852760485375092,
      ],
    ],
    relu: [
      [0.20117115293459129, 0.21918044149057705, 0.22924740100811045, 0.240208753208827, 0.24768472969830546],
      [
        0.21277295737785645, 0.22192936136093447, 0.23328030531576313, 0.24327480500537899,
        0.24731479242323512,
      ],
      [0.211707035808572, 0.22507795210905848, 0.23588549900873967, 0.24372536423534016, 0.24804218904841918],
      [
        0.21019595562755677, 0.22454228684920724, 0.23574894771376123, 0.2436394260332257,
        0.24776617363887682,
      ],
      [
        0.2106477536170694, 0.22482838926502963, 0.23644724975833178, 0.24354262087493195,
        0.24798185561371736,
      ],
    ],
  },
  mnist: {
    linear: [
      [0.19710231417935553, 0.20987548371043113, 0.2261605731630369, 0.2349862006928938, 0.24365357103431512],
      [
        0.19913706354427832, 0.21547890630132607, 0.22837996968095273, 0.23837594383659283,
        0.24446306262338502,
      ],
      [
        0.19662880805687044, 0.2146454605361915, 0.22886851069198214, 0.23831278434196979,
        0.24467297693061144,
      ],
      [
        0.19671962434156515, 0.21522266935076373, 0.22910849336336936, 0.23867656277180757,
        0.24470595409388846,
      ],
      [
        0.19864832114892841, 0.21580639252281167, 0.22950498032781813, 0.23878628577380992,
        0.24466590300647592,
      ],
    ],
    tanh: [
      [0.20600412658223946, 0.218810861688045, 0.23528993523175687, 0.24149174828756817, 0.2476400695438031],
      [0.2116938373863812, 0.22601781071535806, 0.23667188327676866, 0.2444499401936357, 0.2485533634035759],
      [
        0.21171164724315208, 0.22807047141551276, 0.23740154830710106, 0.24464766587752712,
        0.24837340909975103,
      ],
      [
        0.21332858032343213, 0.22825924808667689, 0.23800804958666263, 0.24483567550053342,
        0.24850713594721752,
      ],
      [0.21454687973982847, 0.22791489765346307, 0.2385139452080035, 0.24479317327025876, 0.248602839387548],
    ],
    relu: [
      [
        0.20234369841514338, 0.21946009537086086, 0.22925149760948607, 0.24003335130370465,
        0.24722385583700876,
      ],
      [0.2099650468843217, 0.2219128607764794, 0.23302396127047634, 0.24273508183280246, 0.24728320498928066],
      [
        0.20946498830877153, 0.22572853458868236, 0.2358746556590083, 0.24317358345194945,
        0.24794634477999866,
      ],
      [0.20961770870246033, 0.224794060309117, 0.23564752694013583, 0.2435367656041361, 0.24789856638188712],
      [
        0.21088714611814743, 0.22535335064457107, 0.23675795017127216, 0.24367310121903046,
        0.24800909300212673,
      ],
    ],
  },
};

const TABLE_DATASET = { fashion: 'fashion_mnist', mnist: 'mnist' } as const;
const TABLE_ACTIVATION = { identity: 'linear', tanh: 'tanh', relu: 'relu' } as const;
const DATASET_NAMES = { fashion: 'Fashion-MNIST', mnist: 'MNIST' } as const;

export interface PaperEtaQuery {
  /** A data set name; anything but fashion / mnist (e.g. synthetic) falls back to Fashion-MNIST's table. */
  data: string;
  act: PaperActivation;
  width: number;
  depth: number;
  /** The table is for the residual μPC network; other choices get a note (the value is still used). */
  arch?: string;
  param?: string;
}

export interface PaperCell {
  dataset: PaperDataset;
  act: PaperActivation;
  width: number;
  depth: number;
}

export interface PaperEta {
  etaH: number;
  /** The table cell the value comes from. */
  cell: PaperCell;
  /** True when the query is that cell exactly. */
  exact: boolean;
  /** Why the value is not exactly the asked cell's (null when it is). */
  note: string | null;
}

/** The table's value of one cell; throws a RangeError for a cell outside the grid. */
export function paperCellEtaH(cell: PaperCell): number {
  const n = PAPER_SIZES.indexOf(cell.width as (typeof PAPER_SIZES)[number]);
  const l = PAPER_SIZES.indexOf(cell.depth as (typeof PAPER_SIZES)[number]);
  const rows = PAPER_ETA_TABLE[TABLE_DATASET[cell.dataset]]?.[TABLE_ACTIVATION[cell.act]];
  if (!rows || n < 0 || l < 0) {
    throw new RangeError(`the paper's η_h table has no cell ${cellText(cell)}`);
  }
  return rows[n][l];
}

/** The grid sizes nearest to `x` on a log scale: one when x is on the grid or outside it, else the two around it. */
function neighbours(x: number): number[] {
  if (PAPER_SIZES.includes(x as (typeof PAPER_SIZES)[number])) return [x];
  if (x < PAPER_SIZES[0]) return [PAPER_SIZES[0]];
  const last = PAPER_SIZES[PAPER_SIZES.length - 1];
  if (x > last) return [last];
  const above = PAPER_SIZES.findIndex((s) => s > x);
  return [PAPER_SIZES[above - 1], PAPER_SIZES[above]];
}

/** The neighbour nearest on a log scale (a tie, impossible for integers, goes to the smaller size). */
function nearest(x: number): number {
  const [lo, hi = lo] = neighbours(x);
  return Math.abs(Math.log(x / lo)) <= Math.abs(Math.log(hi / x)) ? lo : hi;
}

function cellText(c: PaperCell): string {
  return `${DATASET_NAMES[c.dataset] ?? c.dataset} ${c.act} N = ${c.width} L = ${c.depth}`;
}

const fmt = (v: number) => String(Number(v.toPrecision(4)));

/**
 * The paper's η_h for a configuration: its own cell when the table has it, else the nearest cell
 * (N and L each to the nearest grid size on a log scale), with a note naming the neighbouring cells
 * and the one used.
 */
export function paperEtaH(q: PaperEtaQuery): PaperEta {
  const notes: string[] = [];
  const known = q.data === 'fashion' || q.data === 'mnist';
  const dataset: PaperDataset = known ? (q.data as PaperDataset) : 'fashion';
  if (!known) notes.push(`the paper's table has no data set "${q.data}": Fashion-MNIST's cells are used`);
  if (!(Number.isInteger(q.width) && q.width > 0 && Number.isInteger(q.depth) && q.depth > 0)) {
    throw new RangeError(`width and depth must be positive integers, not ${q.width} and ${q.depth}`);
  }
  const cell: PaperCell = { dataset, act: q.act, width: nearest(q.width), depth: nearest(q.depth) };
  const etaH = paperCellEtaH(cell);
  const onGrid = cell.width === q.width && cell.depth === q.depth;
  if (!onGrid) {
    const around = neighbours(q.width).flatMap((w) =>
      neighbours(q.depth).map((d) => {
        const c = { ...cell, width: w, depth: d };
        return `N = ${w} L = ${d} (${fmt(paperCellEtaH(c))})`;
      }),
    );
    notes.push(
      `the paper's η_h table has no cell N = ${q.width} L = ${q.depth} (its N and L are ${PAPER_SIZES.join(', ')}); ` +
        `nearest cells: ${around.join(', ')}; used ${cellText(cell)}'s η_h = ${fmt(etaH)}`,
    );
  }
  if ((q.arch && q.arch !== 'residual') || (q.param && q.param !== 'mupc')) {
    notes.push(
      `the paper's η_h values are for the residual μPC network, not ${q.arch ?? 'residual'} / ${q.param ?? 'mupc'}: used all the same`,
    );
  }
  const note = notes.length ? `etaH=paper: ${notes.join('; ')}.` : null;
  return { etaH, cell, exact: known && onGrid, note };
}
