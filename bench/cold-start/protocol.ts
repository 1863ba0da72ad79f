/** The child's one line of results starts with this, among whatever the handler logged. */
export const RESULT_MARK = '@@pantau-bench ';
