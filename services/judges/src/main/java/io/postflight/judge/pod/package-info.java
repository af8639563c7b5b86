/**
 * Pod status rules of the health phase (ADR 0029): what a Kubernetes pod of the new version says
 * about itself (waiting reasons, restarts, OOM kills, scheduling) turned into a FAIL with the pod,
 * container and reason named. Pure: a snapshot and the first-seen state in, a finding out.
 */
package io.postflight.judge.pod;
