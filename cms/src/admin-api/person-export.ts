/**
 * What POST /passerelle/personne/export answers in `data`: the file the admin saves. A JSON
 * envelope rather than a download, because the admin's fetch client reads only JSON from a POST
 * (and the contact must travel in a POST body, never in a URL). Shared by the route and the widget.
 */
export interface PersonExport {
  fileName: string;
  contentType: string;
  content: string;
  /** How many records the file holds. */
  records: number;
}
