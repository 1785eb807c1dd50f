// Container log files: the CRI format, reading (tail/since/follow across rotation) and rotation.
export { parseCriLogLine, parseRfc3339Ms, formatCriLogLine, type CriLogLine, type LogStream } from './cri-format.js';
export { LogFormatter, type FormatOptions } from './formatter.js';
export { findTailStart, tailInFile, type TailStart } from './tail.js';
export { readContainerLogs, type ReadLogsOptions, type FollowOptions } from './reader.js';
export { LogRotator, rotatedFiles, timestampSuffix, type LogRotatorOptions } from './rotator.js';
export { DEFAULT_LOGS_DIR, podLogDir, containerLogRelPath, containerLogPath } from './paths.js';
