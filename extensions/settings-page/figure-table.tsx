import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@hubspot/ui-extensions';
import type { ReactNode } from 'react';

export interface FigureRow {
  key: string | number;
  cells: ReactNode[];
}

/** A table of figures: one header row, then a row per item (every panel's tables look alike). */
export function FigureTable(props: { testId: string; headers: string[]; rows: FigureRow[] }) {
  return (
    <Table testId={props.testId}>
      <TableHead>
        <TableRow>
          {props.headers.map((header, i) => (
            <TableHeader key={i}>{header}</TableHeader>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.rows.map((row) => (
          <TableRow key={row.key}>
            {row.cells.map((cell, i) => (
              <TableCell key={i}>{cell}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
