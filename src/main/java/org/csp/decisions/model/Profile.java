package org.csp.decisions.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Values derived from the partners' sectors before the rules run (FINDINGS.md A.8, plus the partner count and the
 * count per sector). Always fully known, because {@code sector} is required on every partner. {@code sectorCounts}
 * has every sector (0 when absent); {@code count(Sector.X)} reads one.
 */
public record Profile(
        int partnerCount,
        Map<Sector, Integer> sectorCounts,
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

    /** How many partners have the sector: {@code Profile( count(Sector.BUSINESS) >= 2 )}. */
    public int count(Sector sector) {
        return sectorCounts.getOrDefault(sector, 0);
    }

    public static Profile of(List<Partner> partners, Agreements agreements) {
        EnumSet<Sector> sectors = EnumSet.noneOf(Sector.class);
        EnumSet<MacroSector> macro = EnumSet.noneOf(MacroSector.class);
        EnumMap<Sector, Integer> counts = new EnumMap<>(Sector.class);
        for (Sector sector : Sector.values()) {
            counts.put(sector, 0);
        }
        for (Partner partner : partners) {
            sectors.add(partner.sector());
            macro.add(MacroSector.of(partner.sector()));
            counts.merge(partner.sector(), 1, Integer::sum);
        }
        boolean hasPublic = sectors.contains(Sector.PUBLIC);
        boolean hasBusiness = sectors.contains(Sector.BUSINESS);
        boolean hasNonprofit = sectors.contains(Sector.NONPROFIT);
        boolean contractual = agreements != null && Boolean.TRUE.equals(agreements.contractual());
        return new Profile(partners.size(), Collections.unmodifiableMap(counts),
                Collections.unmodifiableSet(sectors), sectors.size(),
                Collections.unmodifiableSet(macro), macro.size(),
                hasPublic, hasBusiness, hasNonprofit,
                sectors.contains(Sector.PHILANTHROPY), sectors.contains(Sector.RESIDENT),
                hasNonprofit && hasBusiness, hasPublic && hasBusiness && contractual);
    }
}
