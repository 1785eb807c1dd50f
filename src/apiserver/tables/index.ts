export { toTable, printerFor, type ToTableInput } from './table.js';
export type { Table, TableRow, TableColumnDefinition, Cell, Printer } from './types.js';
export { podStatusCells } from './printers/pod.js';
