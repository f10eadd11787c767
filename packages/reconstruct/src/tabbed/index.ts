import type { LayoutParser } from '../form.ts';
import { emptyForm } from '../form.ts';

export const parseTabbedForm: LayoutParser = (lines, region) => ({ form: emptyForm(region, lines), findings: [] });
