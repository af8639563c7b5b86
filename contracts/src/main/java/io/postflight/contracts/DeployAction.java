package io.postflight.contracts;

/** What the CD system announced. Maps to CDEvents {@code service.deployed/upgraded/rolledback}. */
public enum DeployAction {
    DEPLOYED,
    UPGRADED,
    ROLLED_BACK
}
