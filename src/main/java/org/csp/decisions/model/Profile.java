package org.csp.decisions.model;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Values derived from the partners' sectors before the rules run (FINDINGS.md A.8). Always fully known, because
 * {@code sector} is required on every partner.
 */
public record Profile(
        Set<Sector> sectors,
        int distinctSectorCount,
        Set<MacroSector> macroSectors,
        int macroSectorCount,
        boolean hasPublic,
        boolean hasBusiness,
        boolean hasNonprofit,
        boolean hasPhilanthropy,
        boolean hasResident,
        boolean npoAndCompany,
        boolean isP3) {

    public static Profile of(List<Partner> partners, Agreements agreements) {
        EnumSet<Sector> sectors = EnumSet.noneOf(Sector.class);
        EnumSet<MacroSector> macro = EnumSet.noneOf(MacroSector.class);
        for (Partner partner : partners) {
            sectors.add(partner.sector());
            macro.add(MacroSector.of(partner.sector()));
        }
        boolean hasPublic = sectors.contains(Sector.PUBLIC);
        boolean hasBusiness = sectors.contains(Sector.BUSINESS);
        boolean hasNonprofit = sectors.contains(Sector.NONPROFIT);
        boolean contractual = agreements != null && Boolean.TRUE.equals(agreements.contractual());
        return new Profile(Collections.unmodifiableSet(sectors), sectors.size(),
                Collections.unmodifiableSet(macro), macro.size(),
                hasPublic, hasBusiness, hasNonprofit,
                sectors.contains(Sector.PHILANTHROPY), sectors.contains(Sector.RESIDENT),
                hasNonprofit && hasBusiness, hasPublic && hasBusiness && contractual);
    }
}
