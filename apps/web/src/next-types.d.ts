// Next's ambient types, committed so `tsc` works before the first build
// (next-env.d.ts, which next writes on build, also points into .next/ and is not committed).
/// <reference types="next" />
/// <reference types="next/image-types/global" />
