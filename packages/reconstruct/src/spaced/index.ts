import type { LayoutParser } from '../form.ts';
import { emptyForm } from '../form.ts';

export const parseSpacedForm: LayoutParser = (lines, region) => ({ form: emptyForm(region, lines), findings: [] });
