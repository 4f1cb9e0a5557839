/*!
 * Built by Revolist OU ❤️
 */function i(t){return!!t.touches}function e(t,n){return!(n&&t&&!(t.target instanceof Element&&t.target.classList.contains(n)))}function o(t,n,u){if(i(t)){if(t.touches.length>0){const r=t.touches[0];return e(r,u)?r[n]||0:null}return null}return t[n]||0}export{o as g,e as v};
