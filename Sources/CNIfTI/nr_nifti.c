/*
 * nr_nifti.c — thin layer over nifticlib (header parsing, writing) and ISA-L (streaming data).
 *
 * Header fields are taken from nifticlib's stored-header reader (nifti_read_header), not from
 * the nifti_image it builds, because nifti_image normalises some fields (pixdim, dims) and
 * NeuroRep reports the header as stored, the way nibabel does. The data block is streamed by
 * us (ISA-L igzip for gzip) so that a 4D file is never loaded whole and a truncated gzip stream
 * is reported instead of being zero-filled (nifticlib pads a short read with zeros internally).
 */
#include "nr_nifti.h"

#include <nifti2_io.h>
#include <zlib.h>
#include <isa-l/igzip_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>
#include <sys/stat.h>

static void set_err(char *err, size_t errlen, const char *fmt, const char *a) {
    if (!err || errlen == 0) return;
    snprintf(err, errlen, fmt, a ? a : "");
}

static void copy_str(char *dst, const char *src, size_t n) {
    /* src is a fixed-size, possibly unterminated field of n bytes; dst has n+1 bytes */
    memcpy(dst, src, n);
    dst[n] = 0;
}

static int is_big_endian_host(void) {
    const uint16_t one = 1;
    return *(const uint8_t *)&one == 0;
}

/* How the file name says the image is stored (nibabel chooses the image class from the
   extension first): a single file (.nii, .nii.gz), a pair (.hdr/.img, optionally .gz), or other. */
enum { NR_NAME_OTHER = 0, NR_NAME_SINGLE = 1, NR_NAME_PAIR = 2 };

static int ends_with_ci(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static int name_kind(const char *path) {
    if (ends_with_ci(path, ".nii") || ends_with_ci(path, ".nii.gz")) return NR_NAME_SINGLE;
    if (ends_with_ci(path, ".hdr") || ends_with_ci(path, ".hdr.gz") || ends_with_ci(path, ".img") || ends_with_ci(path, ".img.gz"))
        return NR_NAME_PAIR;
    return NR_NAME_OTHER;
}

/* Reads the first bytes of the header file through our own stream, so that a corrupt or
   truncated gzip stream is reported as such (with the compressed byte where it failed) instead
   of as "not a NIfTI header". Returns the bytes read (>= 0), or -1 with a message in err. */
static int64_t preread_header(const char *hpath, unsigned char *buf, int64_t want, char *err, size_t errlen) {
    nr_stream *s = nr_stream_open(hpath, 0, err, errlen);
    if (!s) return -1;
    int64_t got = nr_stream_read(s, buf, want, err, errlen);
    nr_stream_close(s);
    return got;   /* -1: corrupt or cut-short gzip data; fewer than want: the content ended */
}

int nr_read_header(const char *path, nr_header *out, char *err, size_t errlen) {
    memset(out, 0, sizeof(*out));
    nifti_set_debug_level(0);
    FILE *probe = fopen(path, "rb");
    if (!probe) {
        set_err(err, errlen, "cannot open file (%s)", strerror(errno));
        return 1;
    }
    fclose(probe);
    const int kind = name_kind(path);

    {
        char *hname = nifti_findhdrname(path);
        if (!hname) {
            set_err(err, errlen, "not a NIfTI-1/NIfTI-2 file name, or the header file of this image is missing (.nii, .nii.gz, .hdr/.img)%s", NULL);
            return 2;
        }
        /* 348 bytes first (a NIfTI-1 or Analyze header); 540 only when sizeof_hdr says NIfTI-2,
           so that a NIfTI-1 .nii.gz cut short after its header still opens (as in nibabel) */
        unsigned char first[540];
        int64_t got = preread_header(hname, first, 348, err, errlen);
        if (got == 348) {
            int32_t sz;
            memcpy(&sz, first, 4);
            if (sz == 540 || sz == 0x1C020000) got = preread_header(hname, first, 540, err, errlen) < 540 ? -2 : 540;
        }
        free(hname);
        if (got == -1) {
            /* err holds the stream's message (corrupt gzip data, cut-short gzip data, read error) */
            return strstr(err, "gzip") ? 4 : 1;
        }
        if (got == -2) {
            if (!strstr(err, "gzip")) snprintf(err, errlen, "not a NIfTI-2 header: sizeof_hdr is 540 but the file ends before byte 540");
            return strstr(err, "gzip") ? 4 : 2;
        }
        if (got < 348) {
            snprintf(err, errlen, "not a NIfTI-1/NIfTI-2 header: the header holds only %lld bytes (a NIfTI-1 header has 348, a NIfTI-2 header 540)", (long long)got);
            return 2;
        }
    }

    int nver = 0;
    /* check = 0: nifticlib's own check prints to stderr; every field it would check is checked below */
    void *raw = nifti_read_header(path, &nver, 0);
    if (!raw) {
        set_err(err, errlen, "not a NIfTI-1/NIfTI-2 header (nifticlib could not parse it)%s", NULL);
        return 2;
    }
    /* Find the file's byte order from the raw first bytes (sizeof_hdr as stored). */
    int swapped = 0;
    {
        char *hname = nifti_findhdrname(path);
        gzFile fp = hname ? gzopen(hname, "rb") : NULL;   /* gzread reads plain files too */
        int32_t sz = 0;
        if (fp) {
            if (gzread(fp, &sz, 4) == 4) {
                swapped = !(sz == 348 || sz == 540);
            }
            gzclose(fp);
        }
        free(hname);
    }
    out->big_endian = swapped ? !is_big_endian_host() : is_big_endian_host();

    /* Analyze 7.5: SPM's origin sits in the 'originator' bytes (offset 253, unaligned), which
       NIfTI-1 reuses for qform_code/sform_code; read it before any swapping. */
    if (nver == 0) {
        const unsigned char *b = (const unsigned char *)raw;
        for (int i = 0; i < 3; i++) {
            uint16_t v;
            memcpy(&v, b + 253 + 2 * i, 2);
            if (swapped) v = (uint16_t)((v >> 8) | (v << 8));
            out->analyze_origin[i] = (int16_t)v;
        }
    }
    /* nifti_read_header returns the header as stored: swap it to host order ourselves */
    if (swapped) {
        if (nver == 2) nifti_swap_as_nifti2((nifti_2_header *)raw);
        else nifti_swap_as_nifti1((nifti_1_header *)raw);
    }
    int eol_bad = 0;   /* NIfTI-2: magic[4...7] neither 13 10 26 10 nor all 0 */
    if (nver == 2) {
        nifti_2_header *h = (nifti_2_header *)raw;
        out->version = 2;
        out->sizeof_hdr = h->sizeof_hdr;
        memcpy(out->magic, h->magic, 8); out->magic[8] = 0;
        for (int i = 0; i < 8; i++) { out->dim[i] = h->dim[i]; out->pixdim[i] = h->pixdim[i]; }
        out->datatype = h->datatype; out->bitpix = h->bitpix;
        out->vox_offset = (double)h->vox_offset;
        out->scl_slope = h->scl_slope; out->scl_inter = h->scl_inter;
        out->cal_min = h->cal_min; out->cal_max = h->cal_max;
        out->slice_duration = h->slice_duration; out->toffset = h->toffset;
        out->slice_start = h->slice_start; out->slice_end = h->slice_end;
        out->slice_code = h->slice_code; out->xyzt_units = h->xyzt_units;
        out->intent_code = h->intent_code;
        out->intent_p1 = h->intent_p1; out->intent_p2 = h->intent_p2; out->intent_p3 = h->intent_p3;
        copy_str(out->intent_name, h->intent_name, 16);
        copy_str(out->descrip, h->descrip, 80);
        copy_str(out->aux_file, h->aux_file, 24);
        out->qform_code = h->qform_code; out->sform_code = h->sform_code;
        out->quatern_b = h->quatern_b; out->quatern_c = h->quatern_c; out->quatern_d = h->quatern_d;
        out->qoffset_x = h->qoffset_x; out->qoffset_y = h->qoffset_y; out->qoffset_z = h->qoffset_z;
        for (int i = 0; i < 4; i++) { out->srow_x[i] = h->srow_x[i]; out->srow_y[i] = h->srow_y[i]; out->srow_z[i] = h->srow_z[i]; }
        out->dim_info = (unsigned char)h->dim_info;
        const unsigned char *e = (const unsigned char *)h->magic + 4;
        eol_bad = !(e[0] == 0 && e[1] == 0 && e[2] == 0 && e[3] == 0) && !(e[0] == 13 && e[1] == 10 && e[2] == 26 && e[3] == 10);
    } else if (nver == 1 || nver == 0) {
        nifti_1_header *h = (nifti_1_header *)raw;
        out->version = nver;
        out->sizeof_hdr = h->sizeof_hdr;
        memcpy(out->magic, h->magic, 4); out->magic[4] = 0;
        for (int i = 0; i < 8; i++) { out->dim[i] = h->dim[i]; out->pixdim[i] = h->pixdim[i]; }
        out->datatype = h->datatype; out->bitpix = h->bitpix;
        out->vox_offset = h->vox_offset;
        out->scl_slope = h->scl_slope; out->scl_inter = h->scl_inter;
        out->cal_min = h->cal_min; out->cal_max = h->cal_max;
        out->slice_duration = h->slice_duration; out->toffset = h->toffset;
        out->slice_start = h->slice_start; out->slice_end = h->slice_end;
        out->slice_code = (unsigned char)h->slice_code; out->xyzt_units = (unsigned char)h->xyzt_units;
        out->intent_code = h->intent_code;
        out->intent_p1 = h->intent_p1; out->intent_p2 = h->intent_p2; out->intent_p3 = h->intent_p3;
        copy_str(out->intent_name, h->intent_name, 16);
        copy_str(out->descrip, h->descrip, 80);
        copy_str(out->aux_file, h->aux_file, 24);
        out->qform_code = h->qform_code; out->sform_code = h->sform_code;
        out->quatern_b = h->quatern_b; out->quatern_c = h->quatern_c; out->quatern_d = h->quatern_d;
        out->qoffset_x = h->qoffset_x; out->qoffset_y = h->qoffset_y; out->qoffset_z = h->qoffset_z;
        for (int i = 0; i < 4; i++) { out->srow_x[i] = h->srow_x[i]; out->srow_y[i] = h->srow_y[i]; out->srow_z[i] = h->srow_z[i]; }
        out->dim_info = (unsigned char)h->dim_info;
        out->glmax = h->glmax; out->glmin = h->glmin;
        if (nver == 0) { out->qform_code = 0; out->sform_code = 0; }  /* Analyze has neither */
    } else {
        int32_t sz;
        memcpy(&sz, raw, 4);
        free(raw);
        if (sz == 540 || sz == 0x1C020000)
            set_err(err, errlen, "not a NIfTI-2 header: sizeof_hdr is 540 but the magic is not 'n+2' or 'ni2' (nibabel refuses it too)%s", NULL);
        else
            set_err(err, errlen, "not a NIfTI-1/NIfTI-2 header (sizeof_hdr is neither 348 nor 540 in either byte order)%s", NULL);
        return 2;
    }
    free(raw);
    if (eol_bad) {
        /* nibabel's _chk_eol_check, level 40: refused */
        set_err(err, errlen, "NIfTI-2 EOL check bytes (magic[4...7]) are not 13 10 26 10 (nor all 0): the file was altered by a "
                "text-mode line-ending conversion, so its data may be corrupted (nibabel refuses it too)%s", NULL);
        return 3;
    }

    /* nifticlib's nifti_image_read trusts some fields it does not validate (it indexes arrays
       by dim[0], casts vox_offset to int, multiplies dims unchecked) and can crash or read the
       wrong bytes on a corrupt header: reject those fields before it sees them. */
    if (kind == NR_NAME_SINGLE && out->version == 0) {
        snprintf(err, errlen, "no NIfTI magic ('n+1' or 'n+2' at byte 344; found '%s'): a .nii file must be NIfTI-1 or NIfTI-2 "
                 "(nibabel refuses it too; reading it as Analyze 7.5 would give another affine)", out->magic);
        return 2;
    }
    if (out->dim[0] < 1 || out->dim[0] > 7) {
        snprintf(err, errlen, "dim[0] = %lld is not a number of dimensions between 1 and 7", (long long)out->dim[0]);
        return 3;
    }
    int64_t count = 1;
    for (int i = 1; i <= out->dim[0]; i++) {
        if (out->dim[i] < 1) {
            snprintf(err, errlen, "dim[%d] = %lld: every dimension must be at least 1", i, (long long)out->dim[i]);
            return 3;
        }
        if (__builtin_mul_overflow(count, out->dim[i], &count) || count > ((int64_t)1 << 40)) {
            snprintf(err, errlen, "absurd dimensions: the product of dim[1...%lld] exceeds 2^40 voxels", (long long)out->dim[0]);
            return 3;
        }
    }
    if (!nifti_is_valid_datatype(out->datatype)) {
        snprintf(err, errlen, "datatype code %d is not a NIfTI datatype", out->datatype);
        return 3;
    }
    if (!(out->vox_offset >= 0)) {
        snprintf(err, errlen, "vox_offset %g is not a valid data offset", out->vox_offset);
        return 3;
    }
    if (kind == NR_NAME_SINGLE && out->vox_offset < out->sizeof_hdr + 4) {
        /* nibabel refuses 348..351 for 'n+1' and, for 0, reads the header bytes as data; neither is a value */
        snprintf(err, errlen, "vox_offset %g is below %d, the smallest data offset of a single-file NIfTI-%d",
                 out->vox_offset, out->sizeof_hdr + 4, out->version);
        return 3;
    }
    if (kind == NR_NAME_SINGLE) {
        /* nifticlib reads extensions up to vox_offset, allocating what they claim: the offset
           must lie inside the file (for gzip: inside what deflate's 1032:1 can expand it to) */
        struct stat st;
        if (stat(path, &st) == 0) {
            unsigned char m[2] = {0, 0};
            FILE *f = fopen(path, "rb");
            size_t got = f ? fread(m, 1, 2, f) : 0;
            if (f) fclose(f);
            int gz = got == 2 && m[0] == 0x1f && m[1] == 0x8b;
            double limit = (double)st.st_size * (gz ? 1032.0 : 1.0);
            if (out->vox_offset > limit) {
                snprintf(err, errlen, "vox_offset %.0f is beyond the end of the file (%lld %sbytes): the data cannot start there",
                         out->vox_offset, (long long)st.st_size, gz ? "compressed " : "");
                return 3;
            }
        }
    }
    if (out->vox_offset > 2147483647.0) {
        /* nifticlib keeps the offset in an int; beyond it the data would be read from the wrong place */
        snprintf(err, errlen, "vox_offset %.0f is 2 GiB or more: the data cannot start there in any file this header "
                 "belongs to (NeuroRep reads data offsets below 2^31 bytes)", out->vox_offset);
        return 3;
    }

/* Let nifticlib derive the image file name, data offset and extensions (no data read). */
    nifti_image *nim = nifti_image_read(path, 0);
    if (!nim) {
        set_err(err, errlen, "nifticlib rejected the header (inconsistent dimensions, datatype or file layout)%s", NULL);
        return 3;
    }
    out->nifti_type = nim->nifti_type;
    out->bytes_per_voxel = nim->nbyper;
    out->swapsize = nim->swapsize;
    /* Where the data are, decided as nibabel decides (by the file name): a .nii holds its data
       at vox_offset; a pair's .img holds them at vox_offset, whatever the magic says. */
    out->data_offset = (int64_t)out->vox_offset;
    if (kind == NR_NAME_SINGLE) {
        strncpy(out->image_path, path, sizeof(out->image_path) - 1);
    } else {
        char *iname = NULL;
        if (kind == NR_NAME_PAIR && nim->iname && (ends_with_ci(nim->iname, ".hdr") || ends_with_ci(nim->iname, ".hdr.gz")))
            iname = nifti_findimgname(path, out->version == 2 ? NIFTI_FTYPE_NIFTI2_2 : NIFTI_FTYPE_NIFTI1_2);
        const char *use = iname ? iname : nim->iname;
        if (use) strncpy(out->image_path, use, sizeof(out->image_path) - 1);
        free(iname);
    }
    if (!out->image_path[0]) {
        nifti_image_free(nim);
        set_err(err, errlen, "the image data file of this header cannot be found%s", NULL);
        return 1;
    }
    out->n_extensions = nim->num_ext < NR_MAX_EXTENSIONS ? nim->num_ext : NR_MAX_EXTENSIONS;
    for (int i = 0; i < out->n_extensions; i++) {
        out->ext_code[i] = nim->ext_list[i].ecode;
        out->ext_size[i] = nim->ext_list[i].esize;
    }
    nifti_image_free(nim);
    return 0;
}

/* The data stream. gzip is decompressed with ISA-L's igzip (Debian: libisal-dev), a streaming
   inflate 2-4x faster than zlib's, which verifies each member's CRC-32 and length; plain files
   are read with stdio. Reading a .nii.gz is then bounded by the disk, not by inflate. */
#define NR_INBUF (1 << 20)

struct nr_stream {
    int gz;
    FILE *fp;
    struct inflate_state *st;
    unsigned char *inbuf;
    int eof;            /* no more compressed input in the file */
    int members;        /* gzip members started */
    int64_t read_total; /* compressed bytes read from the file so far */
    char problem[256];  /* a decompression error already met (reported again at the end) */
};

static const char *isal_problem(int ret) {
    switch (ret) {
    case ISAL_INCORRECT_CHECKSUM: return "corrupt gzip stream (CRC-32 or length check failed)";
    case ISAL_INVALID_WRAPPER: return "corrupt gzip stream (invalid gzip header)";
    case ISAL_UNSUPPORTED_METHOD: return "gzip stream uses a compression method other than deflate";
    default: return "corrupt gzip stream (invalid deflate data)";
    }
}

/* The compressed byte the decoder has reached (for messages). */
static long long gz_position(const nr_stream *s) {
    return (long long)(s->read_total - (int64_t)s->st->avail_in);
}

/* Records a decoding failure with where it happened; it is reported again at the end. */
static void gz_fail(nr_stream *s, int ret, char *err, size_t errlen) {
    snprintf(s->problem, sizeof s->problem, "%s at compressed byte %lld", isal_problem(ret), gz_position(s));
    set_err(err, errlen, "%s", s->problem);
}

static void gz_cut_short(nr_stream *s, char *err, size_t errlen) {
    if (!err || errlen == 0) return;
    snprintf(err, errlen, "truncated gzip data (gzip stream cut short: no end-of-stream marker after compressed byte %lld; the .gz file is truncated)",
             (long long)s->read_total);
}

static int refill(nr_stream *s, char *err, size_t errlen) {
    if (s->st->avail_in > 0 || s->eof) return 0;
    size_t got = fread(s->inbuf, 1, NR_INBUF, s->fp);
    if (got == 0) {
        if (ferror(s->fp)) { set_err(err, errlen, "read error (%s)", strerror(errno)); return -1; }
        s->eof = 1;
    }
    s->read_total += (int64_t)got;
    s->st->next_in = s->inbuf;
    s->st->avail_in = (uint32_t)got;
    return 0;
}

/* Starts the next gzip member when the current one has finished and more input follows.
   Returns 1 if a member is active, 0 at the true end of the compressed data, -1 on error. */
static int next_member(nr_stream *s, char *err, size_t errlen) {
    if (s->members > 0 && s->st->block_state != ISAL_BLOCK_FINISH) return 1;
    if (refill(s, err, errlen) < 0) return -1;
    if (s->st->avail_in == 0) return 0;
    if (s->members > 0) {
        /* bytes after a finished member: another member, or padding (ignored, as gzip does) */
        if (s->st->avail_in < 2 || s->st->next_in[0] != 0x1f || s->st->next_in[1] != 0x8b) {
            s->st->avail_in = 0; s->eof = 1; return 0;
        }
        uint8_t *in = s->st->next_in; uint32_t avail = s->st->avail_in;
        isal_inflate_reset(s->st);
        s->st->next_in = in; s->st->avail_in = avail;
    }
    s->st->crc_flag = ISAL_GZIP;
    s->members++;
    return 1;
}

/* Inflates up to n bytes into buf (buf may be NULL to discard through a scratch buffer).
   Returns bytes produced; stops early only at the end of the data or on an error (message in err). */
static int64_t gz_read(nr_stream *s, unsigned char *buf, int64_t n, char *err, size_t errlen, int *failed) {
    static __thread unsigned char scratch[1 << 16];
    int64_t produced = 0;
    *failed = 0;
    while (produced < n) {
        int m = next_member(s, err, errlen);
        if (m < 0) { *failed = 1; return produced; }
        if (m == 0) return produced;                     /* decompressed data ended */
        int64_t want = n - produced;
        unsigned char *dst;
        if (buf) { dst = buf + produced; if (want > (1 << 30)) want = 1 << 30; }
        else { dst = scratch; if (want > (int64_t)sizeof scratch) want = sizeof scratch; }
        s->st->next_out = dst;
        s->st->avail_out = (uint32_t)want;
        if (refill(s, err, errlen) < 0) { *failed = 1; return produced; }
        uint32_t before_in = s->st->avail_in;
        int ret = isal_inflate(s->st);
        int64_t got = want - s->st->avail_out;
        produced += got;
        if (ret < 0) {
            gz_fail(s, ret, err, errlen);
            *failed = 1;
            return produced;
        }
        if (got == 0 && s->st->block_state != ISAL_BLOCK_FINISH && s->st->avail_in == before_in && s->eof) {
            gz_cut_short(s, err, errlen);
            *failed = 1;
            return produced;
        }
    }
    return produced;
}

nr_stream *nr_stream_open(const char *image_path, int64_t offset, char *err, size_t errlen) {
    FILE *fp = fopen(image_path, "rb");
    if (!fp) { set_err(err, errlen, "cannot open image data file (%s)", strerror(errno)); return NULL; }
    unsigned char magic[2] = {0, 0};
    size_t got = fread(magic, 1, 2, fp);
    int gz = (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b);
    nr_stream *s = calloc(1, sizeof(nr_stream));
    if (!s) { fclose(fp); set_err(err, errlen, "out of memory%s", NULL); return NULL; }
    s->gz = gz;
    s->fp = fp;
    if (fseeko(fp, 0, SEEK_SET) != 0) { nr_stream_close(s); set_err(err, errlen, "cannot seek%s", NULL); return NULL; }
    if (gz) {
        s->st = calloc(1, sizeof(struct inflate_state));
        s->inbuf = malloc(NR_INBUF);
        if (!s->st || !s->inbuf) { nr_stream_close(s); set_err(err, errlen, "out of memory%s", NULL); return NULL; }
        isal_inflate_init(s->st);
        s->st->crc_flag = ISAL_GZIP;
    } else {
        setvbuf(fp, NULL, _IOFBF, 1 << 20);
    }
    if (nr_stream_skip(s, offset, err, errlen) != 0) { nr_stream_close(s); return NULL; }
    return s;
}

int64_t nr_stream_read(nr_stream *s, void *buf, int64_t n, char *err, size_t errlen) {
    if (s->gz) {
        int failed = 0;
        int64_t got = gz_read(s, (unsigned char *)buf, n, err, errlen, &failed);
        if (failed) return -1;  /* even when every byte arrived: the stream is corrupt (e.g. a CRC mismatch) */
        if (got < n)
            set_err(err, errlen, "data end early: the file holds fewer bytes than the header's dimensions need%s", NULL);
        return got;
    }
    int64_t total = 0;
    unsigned char *p = (unsigned char *)buf;
    while (total < n) {
        int64_t want = n - total;
        if (want > (1 << 30)) want = 1 << 30;
        int64_t got = (int64_t)fread(p + total, 1, (size_t)want, s->fp);
        if (got == 0) {
            if (ferror(s->fp)) set_err(err, errlen, "read error (%s)", strerror(errno));
            else set_err(err, errlen, "data end early: the file holds fewer bytes than the header's dimensions need%s", NULL);
            return total;
        }
        total += got;
    }
    return total;
}

int nr_stream_skip(nr_stream *s, int64_t n, char *err, size_t errlen) {
    if (n <= 0) return 0;
    if (s->gz) {
        int failed = 0;
        int64_t got = gz_read(s, NULL, n, err, errlen, &failed);
        if (got < n) {
            if (!failed) set_err(err, errlen, "data end early: the file holds fewer bytes than the header's dimensions need%s", NULL);
            return 1;
        }
        return 0;
    }
    if (fseeko(s->fp, (off_t)n, SEEK_CUR) != 0) {
        set_err(err, errlen, "cannot seek (%s)", strerror(errno));
        return 1;
    }
    return 0;
}

int nr_stream_verify_end(nr_stream *s, char *err, size_t errlen) {
    if (!s->gz) return 0;
    if (s->problem[0]) { set_err(err, errlen, "%s", s->problem); return 1; }
    /* finish the current member so that its CRC-32 and length are checked; any further
       decompressed bytes are trailing data, allowed as nibabel allows them */
    unsigned char scratch[4096];
    while (s->st->block_state != ISAL_BLOCK_FINISH) {
        if (refill(s, err, errlen) < 0) return 1;
        uint32_t before_in = s->st->avail_in;
        s->st->next_out = scratch;
        s->st->avail_out = sizeof scratch;
        int ret = isal_inflate(s->st);
        if (ret < 0) { gz_fail(s, ret, err, errlen); return 1; }
        if (s->st->avail_out == sizeof scratch && s->st->block_state != ISAL_BLOCK_FINISH
            && s->st->avail_in == before_in && s->eof) {
            gz_cut_short(s, err, errlen);
            return 1;
        }
    }
    return 0;
}

void nr_stream_close(nr_stream *s) {
    if (!s) return;
    if (s->fp) fclose(s->fp);
    free(s->st);
    free(s->inbuf);
    free(s);
}

/* nr_gzip_write.c */
int nr_write_nifti1_gz(const char *path, nifti_image *nim, const void *data, char *err, size_t errlen);

int nr_write_image(const char *path, const nr_write_spec *spec, const void *data,
                   char *err, size_t errlen) {
    nifti_set_debug_level(0);
    int64_t dims[8];
    for (int i = 0; i < 8; i++) dims[i] = spec->dim[i];
    nifti_image *nim = nifti_make_new_nim(dims, spec->datatype, 0);
    if (!nim) { set_err(err, errlen, "nifticlib could not create an image with these dimensions/datatype%s", NULL); return 1; }
    nim->nifti_type = NIFTI_FTYPE_NIFTI1_1;
    for (int i = 0; i < 8; i++) nim->pixdim[i] = spec->pixdim[i];
    nim->dx = spec->pixdim[1]; nim->dy = spec->pixdim[2]; nim->dz = spec->pixdim[3];
    nim->dt = spec->pixdim[4]; nim->du = spec->pixdim[5]; nim->dv = spec->pixdim[6]; nim->dw = spec->pixdim[7];
    nifti_dmat44 A;
    for (int r = 0; r < 4; r++) for (int c = 0; c < 4; c++) A.m[r][c] = spec->affine[4 * r + c];
    nim->sto_xyz = A;
    nim->sto_ijk = nifti_dmat44_inverse(A);
    nim->sform_code = spec->sform_code;
    nim->qform_code = spec->qform_code;
    double qb, qc, qd, qx, qy, qz, dx, dy, dz, qfac;
    nifti_dmat44_to_quatern(A, &qb, &qc, &qd, &qx, &qy, &qz, &dx, &dy, &dz, &qfac);
    nim->quatern_b = qb; nim->quatern_c = qc; nim->quatern_d = qd;
    nim->qoffset_x = qx; nim->qoffset_y = qy; nim->qoffset_z = qz;
    nim->qfac = qfac;
    nim->qto_xyz = nifti_quatern_to_dmat44(qb, qc, qd, qx, qy, qz, dx, dy, dz, qfac);
    nim->qto_ijk = nifti_dmat44_inverse(nim->qto_xyz);
    nim->xyz_units = spec->xyzt_units & 0x07;
    nim->time_units = spec->xyzt_units & 0x38;
    nim->scl_slope = spec->scl_slope;
    nim->scl_inter = spec->scl_inter;
    nim->toffset = spec->toffset;
    nim->intent_code = spec->intent_code;
    memcpy(nim->descrip, spec->descrip, 79); nim->descrip[79] = 0;
    if (nifti_set_filenames(nim, path, 0, 1) != 0) {
        nifti_image_free(nim);
        set_err(err, errlen, "nifticlib does not accept this output name (use .nii or .nii.gz)%s", NULL);
        return 2;
    }
    if (ends_with_ci(path, ".gz")) {
        /* zlib deflate, run-length strategy (nr_gzip_write.c): the same decompressed bytes as nifticlib writes */
        int rc = nr_write_nifti1_gz(path, nim, data, err, errlen);
        nifti_image_free(nim);
        if (rc != 0) return 4;
    } else {
        nim->data = (void *)data;
        nifti_image_write(nim);
        nim->data = NULL;
        nifti_image_free(nim);
    }
    /* nifti_image_write reports nothing: confirm the file is there and readable */
    nr_header check;
    char cerr[256];
    if (nr_read_header(path, &check, cerr, sizeof cerr) != 0) {
        set_err(err, errlen, "writing failed (the written header cannot be read back: %s)", cerr);
        return 3;
    }
    return 0;
}

const char *nr_nifticlib_version(void) {
    return "nifticlib-3";
}
