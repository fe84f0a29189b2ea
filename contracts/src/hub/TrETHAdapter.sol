// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {OFTAdapter} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/OFTAdapter.sol";

/// @title TrETHAdapter
/// @notice The hub lockbox: holds the hub trETH that backs every trETH on the spokes.
contract TrETHAdapter is OFTAdapter {
    constructor(address trETH, address endpoint, address owner_) OFTAdapter(trETH, endpoint, owner_) Ownable(owner_) {}
}
