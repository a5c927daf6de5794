// Stand-in product photos for pictures of the image row: PNGs drawn with pngjs (a package box on a
// shelf colour), so chosen pictures look like photos rather than broken images.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { PNG } = require('pngjs') as { PNG: any }; // pngjs ships no types

type Rgb = [number, number, number];

/** A 240×240 PNG: background, a box of `box` colour with a white band and a round label of `label` colour. */
export function productPhoto(background: Rgb, box: Rgb, label: Rgb): Buffer {
  const size = 240;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const shade = 1 - y / size / 4; // light from above
      let c: Rgb = background.map((v) => v * shade) as Rgb;
      const inBox = x > 50 && x < 190 && y > 30 && y < 215;
      if (inBox) c = box;
      if (inBox && y > 95 && y < 150) c = [250, 250, 250];
      if ((x - 120) ** 2 + (y - 122) ** 2 < 22 ** 2) c = label;
      if (x > 190 && x < 200 && y > 40 && y < 222) c = c.map((v) => v * 0.7) as Rgb; // the box's shadow
      const i = (y * size + x) * 4;
      png.data[i] = c[0];
      png.data[i + 1] = c[1];
      png.data[i + 2] = c[2];
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}
