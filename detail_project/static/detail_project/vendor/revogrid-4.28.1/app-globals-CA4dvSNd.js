/*!
 * Built by Revolist OU ❤️
 */const o=()=>{};export{o as g};
