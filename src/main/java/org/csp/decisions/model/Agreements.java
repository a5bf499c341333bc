package org.csp.decisions.model;

/** Formal arrangements (FINDINGS.md A.5). Inserted as a fact only when the request has it. */
public record Agreements(Boolean contractual, ContractSpecificity contractSpecificity, Boolean brandLicensing) {
}
