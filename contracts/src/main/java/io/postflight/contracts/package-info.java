/**
 * The events every Postflight service speaks: versioned JSON records (each naming its schema
 * through Versioned), the topic catalogue (Topics) and the one shared JSON mapping. Documented in
 * contracts/README.md; JSON Schemas beside the code.
 */
package io.postflight.contracts;
