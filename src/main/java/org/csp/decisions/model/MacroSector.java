package org.csp.decisions.model;

/** Clarke and Crane's three sectors of the CSP definition (FINDINGS.md A.8). */
public enum MacroSector {
    GOVERNMENT, BUSINESS, CIVIL_SOCIETY;

    public static MacroSector of(Sector sector) {
        return switch (sector) {
            case PUBLIC -> GOVERNMENT;
            case BUSINESS -> BUSINESS;
            case NONPROFIT, PHILANTHROPY, RESIDENT -> CIVIL_SOCIETY;
        };
    }
}
