/*
 * doc_json.c - one article as one JSON line (parallax extract), with the
 * string escaping every JSON writer of the library shares (rp_json_str).
 */
#include "report.h"

px_status px_doc_write_json(const px_doc *d, px_write_fn write, void *ud) {
    if (!d || !write) return PX_EINVAL;
    rp_out o = {write, ud, {0}, PX_OK};
    px_buf_init(&o.b, &d->al);
    const char *const keys[] = {"path", "url", "title", "source", "published",
                                "author", "language", "description", "text"};
    const char *const vals[] = {d->path, d->url, d->title, d->source, d->published,
                                d->author, d->lang, d->description, d->text};
    for (size_t i = 0; i < PX_ARRAY_LEN(keys); i++) {
        rp_puts(&o, i ? ", \"" : "{\"");
        rp_puts(&o, keys[i]);
        rp_puts(&o, "\": ");
        rp_json_str(&o, vals[i]);
    }
    rp_puts(&o, ", \"updated\": ");
    rp_json_str(&o, d->updated);
    rp_puts(&o, ", \"removed\": [");
    for (size_t i = 0; i < d->ncuts; i++) {
        rp_puts(&o, i ? ", {\"text\": " : "{\"text\": ");
        rp_json_str(&o, d->cuts[i].text);
        rp_puts(&o, ", \"reason\": ");
        rp_json_str(&o, d->cuts[i].reason);
        rp_puts(&o, "}");
    }
    rp_puts(&o, "]}\n");
    if (o.st == PX_OK && o.b.len && write(ud, o.b.p, o.b.len) != 0) o.st = PX_EIO;
    px_buf_free(&o.b);
    return o.st;
}
