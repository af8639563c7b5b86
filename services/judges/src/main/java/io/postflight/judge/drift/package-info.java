/**
 * The drift judge: de-seasonalised trend tests (Mann-Kendall, Theil-Sen) of memory, CPU and disk
 * against the previous version, with projection of memory to its limit and an alpha spent over the
 * looks of the phase.
 */
package io.postflight.judge.drift;
