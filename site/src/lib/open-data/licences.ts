/**
 * The licences a site may publish its open data under (`OPEN_DATA_LICENSE`). Données Québec and the
 * federal portal use CC BY 4.0 most; CC0 gives up every right; ODbL asks reusers to share alike.
 * A closed list: the DCAT catalogue and the data page need each licence's official address.
 */
export const openDataLicences = {
  'CC-BY-4.0': { name: 'Creative Commons Attribution 4.0 International (CC BY 4.0)', url: 'https://creativecommons.org/licenses/by/4.0/' },
  'CC-BY-SA-4.0': {
    name: 'Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)',
    url: 'https://creativecommons.org/licenses/by-sa/4.0/',
  },
  'CC0-1.0': { name: 'Creative Commons CC0 1.0 Universal', url: 'https://creativecommons.org/publicdomain/zero/1.0/' },
  'ODbL-1.0': { name: 'Open Data Commons Open Database License (ODbL) 1.0', url: 'https://opendatacommons.org/licenses/odbl/1-0/' },
} as const;

export type OpenDataLicenceId = keyof typeof openDataLicences;
export const openDataLicenceIds = Object.keys(openDataLicences) as [OpenDataLicenceId, ...OpenDataLicenceId[]];

export interface OpenDataLicence {
  id: OpenDataLicenceId;
  name: string;
  url: string;
}

export function openDataLicence(id: OpenDataLicenceId): OpenDataLicence {
  return { id, ...openDataLicences[id] };
}
