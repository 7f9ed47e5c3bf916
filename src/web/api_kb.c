/*
 * web/api_kb.c — the knowledge base as the browser client needs it for its forms: every
 * intervention (marked "clinic" when it came from the clinic's --kb-overlay folder), the
 * settings, the instruments (item count, answer range, easel's own item labels, the risk item,
 * how they are scored, and the published wording with its source and licence, or why it is
 * withheld), the media, the presenting problems, and the profile's word lists a form offers
 * (allergens, avoided textures, the sensory, medical and psychiatric items, approaches, client
 * flags), each with the words a person reads. No client data: any signed-in user may read them;
 * not audited.
 *
 * Owns: nothing. Borrows: the shared read-only KB. Fails: 400 for a query parameter.
 */
#include "easel/profile_load.h"
#include "easel/vocab.h"
#include "handlers.h"

#include <stdio.h>
#include <string.h>

static json_t *interventions(const struct easel_kb *kb)
{
    static const char *const types[] = {"art-directive", "technique", "integrated"};
    json_t *list = json_array();
    for (size_t i = 0; i < kb->n_interventions; i++) {
        const struct easel_intervention *in = &kb->interventions[i];
        json_array_append_new(list,
                              json_pack("{s:s, s:s, s:s, s:b}", "id", in->id, "name", in->name,
                                        "kind", types[in->type], "clinic", in->clinic));
    }
    return json_pack("{s:o}", "interventions", list);
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* The published wording (null where the KB has none) and why it is withheld. */
static void wording(json_t *o, const struct easel_wording *w)
{
    json_t *texts = json_null(), *options = json_null(), *source = json_null();
    if (w->item_texts.n) {
        texts = json_array();
        for (size_t k = 0; k < w->item_texts.n; k++)
            json_array_append_new(texts, json_string(w->item_texts.items[k]));
    }
    if (w->n_options) {
        options = json_array();
        for (size_t k = 0; k < w->n_options; k++)
            json_array_append_new(options, json_pack("{s:i, s:s}", "value", w->options[k].value,
                                                     "text", w->options[k].text));
    }
    if (w->source_url) {
        source = json_pack("{s:s, s:s}", "url", w->source_url, "title", w->source_title);
        json_object_set_new(source, "note", str_or_null(w->source_note));
    }
    json_object_set_new(o, "stem", str_or_null(w->stem));
    json_object_set_new(o, "item_texts", texts);
    json_object_set_new(o, "options", options);
    json_object_set_new(o, "wording_source", source);
    json_object_set_new(o, "wording_licence", str_or_null(w->licence));
    json_object_set_new(o, "wording_withheld_reason", str_or_null(w->withheld_reason));
}

static json_t *instruments(const struct easel_kb *kb)
{
    json_t *list = json_array();
    for (size_t i = 0; i < kb->n_instruments; i++) {
        const struct easel_instrument *in = &kb->instruments[i];
        json_t *labels = json_array();
        for (size_t k = 0; k < in->item_labels.n; k++)
            json_array_append_new(labels, json_string(in->item_labels.items[k]));
        json_t *o =
            json_pack("{s:s, s:s, s:i, s:i, s:i, s:o}", "id", in->id, "name", in->name, "items",
                      in->items, "min", in->item_min, "max", in->item_max, "labels", labels);
        json_object_set_new(o, "risk_item",
                            in->risk_item ? json_integer(in->risk_item) : json_null());
        static const char *const scorings[] = {"sum", "percentage", "yes-no"};
        json_object_set_new(o, "scoring", json_string(scorings[in->scoring]));
        json_t *reverse = json_array();
        for (int k = 0; k < in->items && k < 32; k++)
            if (in->reverse_items >> k & 1u)
                json_array_append_new(reverse, json_integer(k + 1));
        json_object_set_new(o, "reverse_items", reverse);
        wording(o, &in->wording);
        json_array_append_new(list, o);
    }
    return json_pack("{s:o}", "instruments", list);
}

/* {"id", "name"}, the name being words as a list shows them: the first letter a capital. */
static json_t *word(const char *id, const char *words)
{
    char name[128];
    snprintf(name, sizeof(name), "%s", words);
    if (name[0] >= 'a' && name[0] <= 'z')
        name[0] = (char)(name[0] - 'a' + 'A');
    return json_pack("{s:s, s:s}", "id", id, "name", name);
}

static json_t *vocab_list(enum easel_vocab_id v)
{
    json_t *list = json_array();
    for (int i = 0; i < easel_vocab_count(v); i++)
        json_array_append_new(list, word(easel_vocab_name(v, i), easel_vocab_words(v, i)));
    return list;
}

/* A profile list: a boolean block's keys read as the client flag each sets ("bed_bound" is the
   flag bed-bound, "Bed-bound"), the textures as their own words. */
static json_t *profile_list(const char *name, bool flag_words)
{
    json_t *list = json_array();
    const char *const *w = easel_profile_words(name);
    for (size_t i = 0; w && w[i]; i++) {
        char flag[64];
        snprintf(flag, sizeof(flag), "%s", w[i]);
        for (char *c = flag; *c; c++)
            if (*c == '_')
                *c = '-';
        json_array_append_new(list, word(w[i], flag_words ? easel_flag_words_of(flag) : w[i]));
    }
    return list;
}

static json_t *vocab(void)
{
    json_t *o = json_object();
    json_object_set_new(o, "allergens", vocab_list(EASEL_VOCAB_ALLERGEN));
    json_object_set_new(o, "textures", profile_list("avoid_textures", false));
    json_object_set_new(o, "sensory", profile_list("sensory", true));
    json_object_set_new(o, "medical", profile_list("medical", true));
    json_object_set_new(o, "psychiatric", profile_list("psychiatric", true));
    json_object_set_new(o, "approaches", vocab_list(EASEL_VOCAB_APPROACH));
    json_object_set_new(o, "flags", vocab_list(EASEL_VOCAB_FLAG));
    return o;
}

static json_t *problems(const struct easel_kb *kb)
{
    json_t *list = json_array();
    for (size_t i = 0; i < kb->n_problems; i++)
        json_array_append_new(
            list, json_pack("{s:s, s:s}", "id", kb->problems[i].id, "name", kb->problems[i].name));
    return json_pack("{s:o}", "problems", list);
}

int web_kb(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    const struct easel_kb *kb = r->srv->kb;
    json_t *list;
    switch (r->route.id) {
    case EASEL_ROUTE_KB_INTERVENTIONS:
        return web_answer(r, 200, interventions(kb));
    case EASEL_ROUTE_KB_INSTRUMENTS:
        return web_answer(r, 200, instruments(kb));
    case EASEL_ROUTE_KB_PROBLEMS:
        return web_answer(r, 200, problems(kb));
    case EASEL_ROUTE_KB_VOCAB:
        return web_answer(r, 200, vocab());
    case EASEL_ROUTE_KB_SETTINGS:
        list = json_array();
        for (size_t i = 0; i < kb->n_settings; i++)
            json_array_append_new(list, json_pack("{s:s, s:s}", "id", kb->settings[i].id, "name",
                                                  kb->settings[i].name));
        return web_answer(r, 200, json_pack("{s:o}", "settings", list));
    default:
        list = json_array();
        for (size_t i = 0; i < kb->n_media; i++)
            json_array_append_new(
                list, json_pack("{s:s, s:s}", "id", kb->media[i].id, "name", kb->media[i].name));
        return web_answer(r, 200, json_pack("{s:o}", "media", list));
    }
}
