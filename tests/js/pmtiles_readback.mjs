// Reads an scmap .pmtiles file with the pmtiles npm package and checks that every tile of
// the matching directory tree comes back byte for byte, and that nothing else is there.
// Usage: node pmtiles_readback.mjs FILE.pmtiles TILEDIR
import fs from "node:fs";
import path from "node:path";
import { PMTiles, TileType } from "pmtiles";

class FileSource {
  constructor(file) {
    this.file = file;
    this.fd = fs.openSync(file, "r");
  }
  getKey() {
    return this.file;
  }
  async getBytes(offset, length) {
    const buf = Buffer.alloc(length);
    const n = fs.readSync(this.fd, buf, 0, length, offset);
    return { data: buf.buffer.slice(buf.byteOffset, buf.byteOffset + n) };
  }
}

const [file, dir] = process.argv.slice(2);
const p = new PMTiles(new FileSource(file));
const h = await p.getHeader();
let failures = 0;
const fail = (msg) => {
  console.error("FAIL " + msg);
  failures++;
};
if (h.specVersion !== 3) fail(`spec version ${h.specVersion}`);
if (h.tileType !== TileType.Png) fail(`tile type ${h.tileType}`);
if (!h.clustered) fail("not clustered");

let n = 0;
const seen = new Set();
for (const z of fs.readdirSync(dir)) {
  for (const x of fs.readdirSync(path.join(dir, z))) {
    for (const f of fs.readdirSync(path.join(dir, z, x))) {
      const y = parseInt(f, 10);
      const want = fs.readFileSync(path.join(dir, z, x, f));
      const got = await p.getZxy(+z, +x, y);
      seen.add(`${z}/${x}/${y}`);
      n++;
      if (!got) fail(`${z}/${x}/${y} missing`);
      else if (Buffer.compare(Buffer.from(got.data), want) !== 0) fail(`${z}/${x}/${y} differs`);
    }
  }
}
// Every tile of every zoom that the tree does not hold must be absent.
for (let z = h.minZoom; z <= Math.min(h.maxZoom, 5); z++) {
  for (let x = 0; x < 1 << z; x++) {
    for (let y = 0; y < 1 << z; y++) {
      if (seen.has(`${z}/${x}/${y}`)) continue;
      if (await p.getZxy(z, x, y)) fail(`${z}/${x}/${y} present but not in the tree`);
    }
  }
}
if (n === 0) fail("no tiles in the tree");
if (h.numAddressedTiles !== n) fail(`header says ${h.numAddressedTiles} tiles, tree has ${n}`);
console.log(`pmtiles: ${n} tiles read back, ${failures} failures`);
process.exit(failures ? 1 : 0);
