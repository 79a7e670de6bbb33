import { sharedPacers } from '../../nodes/shared/pacing/shared';

/**
 * The pace a credential's executions share lives for the process (until a quiet period passes):
 * each test starts as a fresh n8n process would, so one test's 429s do not pace the next.
 */
beforeEach(() => sharedPacers.clear());
