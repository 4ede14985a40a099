/*
 * nr_nifti.h — NeuroRep's clean C interface to nifticlib (libnifti2).
 *
 * nifticlib's own header (nifti2_io.h) includes <znzlib.h> from /usr/include/nifti, which
 * Swift's module importer cannot reach; this header exposes plain structs and functions only,
 * and the implementation (nr_nifti.c) is compiled with that folder on its include path.
 */
#ifndef NR_NIFTI_H
#define NR_NIFTI_H

#include <stdint.h>
#include <stddef.h>

#define NR_MAX_EXTENSIONS 64

/** The header exactly as stored (NIfTI-1 fields widened to int64/double), plus what
 *  nifticlib derived about where the data live. */
typedef struct {
    int32_t version;            /* 1 or 2 (from sizeof_hdr: 348 or 540 and the magic); 0 for Analyze 7.5 */
    int32_t sizeof_hdr;
    char magic[9];
    int32_t big_endian;         /* 1 if the file is big-endian */
    int64_t dim[8];
    double pixdim[8];
    int32_t datatype;
    int32_t bitpix;
    double vox_offset;
    double scl_slope, scl_inter;
    double cal_min, cal_max;
    double slice_duration, toffset;
    int64_t slice_start, slice_end;
    int32_t slice_code;
    int32_t xyzt_units;
    int32_t intent_code;
    double intent_p1, intent_p2, intent_p3;
    char intent_name[17];
    char descrip[81];
    char aux_file[25];
    int32_t qform_code, sform_code;
    double quatern_b, quatern_c, quatern_d;
    double qoffset_x, qoffset_y, qoffset_z;
    double srow_x[4], srow_y[4], srow_z[4];
    int32_t dim_info;
    /* Analyze 7.5 only (version 0): SPM's origin (1-based voxel, from the 'originator' field)
       and the glmax/glmin fields SPM2 uses for scaling */
    int16_t analyze_origin[3];
    int32_t glmax, glmin;
    /* derived by nifticlib */
    int32_t nifti_type;         /* nifticlib's NIFTI_FTYPE_* (unreliable for NIfTI-2, see docs) */
    int32_t bytes_per_voxel;
    int32_t swapsize;
    int64_t data_offset;        /* where the data start in image_path */
    char image_path[4096];      /* .nii / .img (possibly .gz) holding the data */
    int32_t n_extensions;
    int32_t ext_code[NR_MAX_EXTENSIONS];
    int32_t ext_size[NR_MAX_EXTENSIONS];
} nr_header;

/** Reads the header of a NIfTI-1/2 (or Analyze) file through nifticlib.
 *  Returns 0 on success; on failure writes a message to err and returns nonzero. */
int nr_read_header(const char *path, nr_header *out, char *err, size_t errlen);

/** Streaming reader of the data block of an image file (plain or gzip, detected from the
 *  content's magic bytes, not the name). */
typedef struct nr_stream nr_stream;

nr_stream *nr_stream_open(const char *image_path, int64_t offset, char *err, size_t errlen);
/** Reads exactly n bytes into buf. Returns n on success; fewer means the data ended early,
 *  -1 that the stream is corrupt (a CRC mismatch can surface with the last bytes); err says which. */
int64_t nr_stream_read(nr_stream *s, void *buf, int64_t n, char *err, size_t errlen);
/** Skips n bytes forward (decompressing when needed). Returns 0 on success. */
int nr_stream_skip(nr_stream *s, int64_t n, char *err, size_t errlen);
/** After the last read: 0 when a gzip stream ends cleanly (trailer and CRC verified) or the
 *  file is plain, nonzero with a message otherwise. */
int nr_stream_verify_end(nr_stream *s, char *err, size_t errlen);
void nr_stream_close(nr_stream *s);

/** What to write: a NIfTI-1 image with the given dims, datatype and affine. */
typedef struct {
    int64_t dim[8];
    double pixdim[8];
    int32_t datatype;           /* NIfTI DT_* code */
    double affine[16];          /* row-major 4x4, written as sform (code sform_code) and qform */
    int32_t qform_code, sform_code;
    int32_t xyzt_units;
    double scl_slope, scl_inter;
    double toffset;
    int32_t intent_code;
    char descrip[80];
} nr_write_spec;

/** Writes a NIfTI-1 .nii or .nii.gz (chosen from the name): the header built by nifticlib; a
 *  .nii written by nifticlib, a .nii.gz compressed by zlib's deflate with the run-length
 *  strategy (one gzip member, mtime 0; see nr_gzip_write.c) holding the same bytes as
 *  nifticlib's .nii. Returns 0 on success, nonzero with a message in err. */
int nr_write_image(const char *path, const nr_write_spec *spec, const void *data,
                   char *err, size_t errlen);

/** nifticlib's version string. */
const char *nr_nifticlib_version(void);

#endif
