/** Human names of the ten classes of each data set, for the batch strip and tooltips. */
const FASHION = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

export function classNames(data: 'fashion' | 'mnist' | 'synthetic'): string[] {
  if (data === 'fashion') return FASHION;
  return Array.from({ length: 10 }, (_, i) => (data === 'mnist' ? String(i) : `class ${i}`));
}
