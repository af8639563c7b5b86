/**
 * One shape for every phase's metrics source ({@code postflight.<phase>.metrics.*}): which
 * provider, the request bounds, and each provider's settings, bound and validated in one place
 * with the offending property named, former property names still read as deprecated aliases.
 */
package io.postflight.provider.source;
